"""Seg's Spark driver: one SparkSession per `seg` process, spoken to in JSON lines.

Started by Seg (`seg … --engine spark`) as `python3 seg_spark.py --master M --warehouse DIR`.
Each request is one line on stdin; each answer one line on stdout:

    {"op": "sql", "sql": "...", "args": {"p1": 3, "p2": {"date": "2026-11-01"}}}
        -> {"columns": [...], "types": ["bigint", ...], "rows": [], "done": false}
           then {"rows": [[...], ...], "done": false} … {"rows": [...], "done": true}
           (rows stream in lines of 5,000; an error line may end them early)
    {"op": "explain", "sql": ..., "args": ...}      -> {"plan": ["..."]}
    {"op": "catalog"}                               -> {"tables": [{"name", "columns": [{"name", "type", "nullable"}]}]}
    {"op": "load", "table": T, "csv": PATH, "schema": "a BIGINT, b STRING"}  -> {"ok": true}
    {"op": "cancel"}                                -> {"ok": true}  (cancels running jobs)
    {"op": "exists", "table": T}                    -> {"exists": true | false}
    {"op": "save", "table": T, "sql": ..., "args": ...}  -> {"ok": true}  (a lasting table, e.g. tags)
    {"op": "drop", "table": T}                      -> {"ok": true}
    {"op": "create", "table": T, "schema": "a BIGINT, b STRING"}             -> {"ok": true}
    {"op": "append", "table": T, "columns": [...], "rows": [[...], ...]}     -> {"ok": true}

`create` and `append` keep Seg's own tables (lists, contacts, the ledger) and `export to
table` results: an append adds Parquet files to the table's folder and never rewrites any.

Tables live as Parquet under the warehouse, one folder each, registered as views at start.
Failures answer {"error": "...", "kind": "query" | "missing"}. Dates and timestamps travel as
ISO text, decimals as numbers.
"""
import datetime, decimal, json, os, shutil, sys

def answer(obj):
    sys.stdout.write(json.dumps(obj, default=str) + "\n")
    sys.stdout.flush()

try:
    from pyspark.sql import SparkSession
except ImportError:
    answer({"error": "pyspark is not installed for %s: install it there with `pip install pyspark`, or set SEG_PYTHON to a Python that has it (Java 17 is needed too)" % sys.executable, "kind": "missing"})
    sys.exit(1)

args, confs = {}, []
for flag, value in zip(sys.argv[1::2], sys.argv[2::2]):
    if flag == "--conf":
        confs.append(value.split("=", 1))
    else:
        args[flag] = value
warehouse = os.path.abspath(args.get("--warehouse", "spark-warehouse"))
os.makedirs(warehouse, exist_ok=True)
master = args.get("--master", "local[2]")

def spark_defaults():
    """The keys spark-defaults.conf sets ($SPARK_CONF_DIR, else $SPARK_HOME/conf), as spark-submit reads it."""
    folder = os.environ.get("SPARK_CONF_DIR") or (os.path.join(os.environ["SPARK_HOME"], "conf") if os.environ.get("SPARK_HOME") else None)
    keys = set()
    try:
        with open(os.path.join(folder, "spark-defaults.conf")) as f:
            for line in f:
                line = line.strip()
                if line and not line.startswith("#"):
                    keys.add(line.split(None, 1)[0])
    except (OSError, TypeError):
        pass
    return keys

# Seg's own settings are defaults: spark-defaults.conf and --conf (in that order) win over
# them, as with spark-submit. Only the time zone and the warehouse are Seg's to fix: every
# date rule and every table depends on them.
defaults = {
    "spark.ui.enabled": "false", "spark.sql.shuffle.partitions": "4",
    "spark.driver.memory": os.environ.get("SEG_SPARK_DRIVER_MEMORY") or "2g", "spark.sql.autoBroadcastJoinThreshold": "-1",
    # Pushed-down models are deep expressions: Catalyst recurses over them.
    "spark.driver.extraJavaOptions": "-Xss256m",
}
if master.startswith("local"):
    # Loopback only for a local master: a cluster's executors must reach the driver.
    defaults["spark.driver.bindAddress"] = "127.0.0.1"
configured = spark_defaults() | {k for k, _ in confs}
try:
    builder = SparkSession.builder.master(master).appName("seg")
    for k, v in defaults.items():
        if k not in configured:
            builder = builder.config(k, v)
    for k, v in confs:
        builder = builder.config(k, v)
    spark = (builder.config("spark.sql.warehouse.dir", warehouse).config("spark.sql.session.timeZone", "UTC").getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
except Exception as e:  # Java missing or broken
    text = str(e)
    lines = [l.strip() for l in text.splitlines() if l.strip()]
    # The reason Spark gives (a cluster's, when the master refused or executors failed);
    # Java is named only when the JVM itself did not come up.
    reason = next((l for l in lines if "Exception:" in l or "Error:" in l), lines[0] if lines else "?")
    hint = " (is Java 17 installed and JAVA_HOME set?)" if "Java gateway process exited" in text or "JAVA_HOME" in text else ""
    answer({"error": "Spark did not start on master %s: %s%s" % (master, reason[:1000], hint), "kind": "missing"})
    sys.exit(1)

def register():
    for name in sorted(os.listdir(warehouse)):
        path = os.path.join(warehouse, name)
        if os.path.isdir(path) and not name.startswith(("_", ".")) and any(f.endswith(".parquet") for f in os.listdir(path)):
            spark.read.parquet(path).createOrReplaceTempView(name)

def value(v):
    if isinstance(v, dict) and "date" in v:
        return datetime.date.fromisoformat(v["date"])
    return v

def typed(v, t):
    """A JSON value as the column's Spark type wants it (dates come as ISO text)."""
    from pyspark.sql.types import DateType, DoubleType, LongType, IntegerType, BooleanType
    if v is None:
        return None
    if isinstance(t, DateType):
        return datetime.date.fromisoformat(v[:10])
    if isinstance(t, DoubleType):
        return float(v)
    if isinstance(t, (LongType, IntegerType)):
        return int(v)
    if isinstance(t, BooleanType):
        return bool(v)
    return v

def views():
    return {t.name.lower() for t in spark.catalog.listTables()}

def cell(v):
    if isinstance(v, decimal.Decimal):
        return float(v)
    if isinstance(v, datetime.datetime):
        return v.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(v, datetime.date):
        return v.isoformat()
    return v

register()
cached = {}  # conditions computed once for a run, by their view's name
CHUNK = 5000  # rows a line: a statement's rows stream, never all held in Python


def query(req):
    return spark.sql(req["sql"], args={k: value(v) for k, v in req.get("args", {}).items()} or None)


def op_sql(req):
    # The header first, then the rows in lines of CHUNK as Spark hands them over partition by
    # partition (`toLocalIterator`), the last line marked done.
    df = query(req)
    fields = df.schema.fields
    answer({"columns": [f.name for f in fields], "types": [f.dataType.simpleString() for f in fields], "rows": [], "done": False})
    batch = []
    for row in df.toLocalIterator():
        batch.append([cell(v) for v in row])
        if len(batch) >= CHUNK:
            answer({"rows": batch, "done": False})
            batch = []
    answer({"rows": batch, "done": True})


def op_explain(req):
    # `EXPLAIN` is Spark SQL's own, public way to the plan.
    sql = "EXPLAIN " + req["sql"]
    rows = spark.sql(sql, args={k: value(v) for k, v in req.get("args", {}).items()} or None).collect()
    answer({"plan": "\n".join(r[0] for r in rows).splitlines()})


def op_cache(req):
    # A condition computed once for a run: kept in memory under a temporary name.
    df = query(req).cache()
    df.createOrReplaceTempView(req["table"])
    cached[req["table"]] = df
    answer({"ok": True, "rows": df.count()})


def op_uncache(req):
    df = cached.pop(req["table"], None)
    if df is not None:
        df.unpersist(blocking=True)
    spark.catalog.dropTempView(req["table"])
    answer({"ok": True})


def op_catalog(req):
    tables = []
    for t in spark.catalog.listTables():
        cols = [{"name": f.name, "type": f.dataType.simpleString(), "nullable": f.nullable} for f in spark.table(t.name).schema.fields]
        tables.append({"name": t.name, "columns": cols})
    answer({"tables": tables})


def op_load(req):
    df = spark.read.csv(req["csv"], header=True, schema=req["schema"], timestampFormat="yyyy-MM-dd HH:mm:ss")
    df.write.mode("overwrite").parquet(os.path.join(warehouse, req["table"]))
    register()
    answer({"ok": True})


def op_exists(req):
    answer({"exists": req["table"].lower() in views()})


def op_create(req):
    path = os.path.join(warehouse, req["table"])
    if os.path.exists(path):
        return answer({"error": "table %s already exists" % req["table"], "kind": "query"})
    spark.createDataFrame([], req["schema"]).write.parquet(path)
    register()
    answer({"ok": True})


def op_append(req):
    table = req["table"]
    schema = spark.table(table).schema
    order = req["columns"]
    rows = [tuple(typed(r[order.index(f.name)], f.dataType) if f.name in order else None for f in schema.fields)
            for r in req["rows"]]
    path = os.path.join(warehouse, table)
    spark.createDataFrame(rows, schema).write.mode("append").parquet(path)
    # Only this table changed (reading every table's files again after each chunk grew with the store).
    spark.read.parquet(path).createOrReplaceTempView(table)
    answer({"ok": True})


def op_save(req):
    # A table that lasts (a tag table): the query's rows as Parquet under the warehouse.
    path = os.path.join(warehouse, req["table"])
    if os.path.exists(path):
        return answer({"error": "table %s already exists" % req["table"], "kind": "query"})
    query(req).write.parquet(path)
    register()
    answer({"ok": True})


def op_drop(req):
    path = os.path.join(warehouse, req["table"])
    spark.catalog.dropTempView(req["table"])
    if os.path.isdir(path):
        shutil.rmtree(path)
    answer({"ok": True})


def op_cancel(req):
    spark.sparkContext.cancelAllJobs()
    answer({"ok": True})


OPS = {"sql": op_sql, "explain": op_explain, "cache": op_cache, "uncache": op_uncache, "catalog": op_catalog,
       "load": op_load, "exists": op_exists, "create": op_create, "append": op_append, "save": op_save,
       "drop": op_drop, "cancel": op_cancel}

answer({"ready": True, "spark": spark.version})
for line in sys.stdin:
    try:
        req = json.loads(line)
        handler = OPS.get(req.get("op"))
        if handler is None:
            answer({"error": "unknown op %r" % req.get("op"), "kind": "query"})
        else:
            handler(req)
    except KeyboardInterrupt:
        spark.sparkContext.cancelAllJobs()
        answer({"error": "the query was cancelled", "kind": "cancelled"})
    except Exception as e:
        java = getattr(e, "java_exception", None)
        text = java.toString() if java is not None else str(e)
        answer({"error": (text.splitlines() or ["?"])[0][:2000], "kind": "query"})
