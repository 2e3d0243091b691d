import ArgumentParser
import Foundation
import TOMLKit
import SegEngine
import SegStore
import SegDemo

/// The project's `seg.toml`. It may pick the role runs ask for (`role = "analyst"`), as
/// `--role` does; it grants nothing. Roles and what they may do live in the store's policy
/// (`seg policy`), where a file the person running Seg can write has no say, so a
/// `[roles.NAME]` table here is refused with the way to the policy.
struct ProjectConfig {
    var path: String?
    /// The role runs ask for when `--role` names none.
    var role: String?

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
            let names = roles.keys.sorted()
            throw ValidationError("\(path): [roles.\(names.first ?? "…")] grants rights, which only the store's policy can: an administrator defines roles with `seg policy role NAME --reveal` and grants them with `seg policy grant NAME USER`; remove the [roles] tables (seg.toml may pick a role you hold: role = \"\(names.first ?? "analyst")\")")
        }
        if let role = table["role"] {
            guard let name = role.string else { throw ValidationError("\(path): `role` must be a role's name in quotes (role = \"analyst\")") }
            config.role = name
        }
        return config
    }
}
