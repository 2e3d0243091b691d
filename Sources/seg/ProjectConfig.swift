import ArgumentParser
import Foundation
import TOMLKit

/// The project's `seg.toml`: who may see personal data. Roles are granted rights here, in a
/// file the bank controls, not on the command line:
///
///     [roles.analyst]
///     pii = false
///     [roles.crm_export]
///     pii = true
struct ProjectConfig {
    struct Role { var pii: Bool }
    var path: String?
    var roles: [String: Role] = [:]

    /// `seg.toml` in the current folder (or `$SEG_CONFIG`); none is an empty config.
    static func load(_ explicit: String?) throws -> ProjectConfig {
        let path = explicit ?? ProcessInfo.processInfo.environment["SEG_CONFIG"] ?? "seg.toml"
        guard FileManager.default.fileExists(atPath: path) else {
            if explicit != nil { throw ValidationError("no config file at \(path)") }
            return ProjectConfig()
        }
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw ValidationError("cannot read \(path): \(error.localizedDescription)")
        }
        let table: TOMLTable
        do { table = try TOMLTable(string: text) } catch let e as TOMLParseError {
            throw ValidationError("\(path):\(e.source.begin.line):\(e.source.begin.column): \(e.description)")
        } catch {
            throw ValidationError("\(path): \(error)")
        }
        var config = ProjectConfig(path: path)
        if let roles = table["roles"]?.table {
            for (name, value) in roles {
                guard let role = value.table else { throw ValidationError("\(path): [roles.\(name)] must be a table") }
                config.roles[name] = Role(pii: role["pii"]?.bool ?? false)
            }
        }
        return config
    }
}
