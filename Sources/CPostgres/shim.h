/* libpq, PostgreSQL's C client (Debian: libpq-dev). */
#include <postgresql/libpq-fe.h>
