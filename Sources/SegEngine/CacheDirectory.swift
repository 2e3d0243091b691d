import Foundation

/// Where `seg` keeps what it can rebuild (the demo bank, the Spark driver written out from
/// the binary): `$XDG_CACHE_HOME/seg`, else `$HOME/.cache/seg`, as the XDG convention says.
public enum CacheDirectory {
    public static var path: String {
        let environment = ProcessInfo.processInfo.environment
        if let xdg = environment["XDG_CACHE_HOME"], xdg.hasPrefix("/") { return xdg + "/seg" }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return home + "/.cache/seg"
    }
}
