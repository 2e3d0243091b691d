import Foundation
import SegMemory

/// `.memory` in the REPL: what the process takes now and at most, and what the session keeps
/// in memory to answer questions (the rest is the engine's and Swift's own).
extension Session {
    public struct MemoryReport: Sendable, Equatable {
        /// Resident now and at most since the process started, in bytes (Linux: /proc).
        public var resident: Int?, peak: Int?
        public var keptRows: Int, keptColumns: Int, keptSegments: Int, keptBytes: Int
        /// Past this, memory gives a question to SQL.
        public var budget: Int = SegmentMemory.budget
    }

    public func memoryReport() -> MemoryReport {
        let f = memory.footprint
        var report = MemoryReport(resident: nil, peak: nil, keptRows: f?.rows ?? 0, keptColumns: f?.columns ?? 0,
                                  keptSegments: f?.keptSegments ?? 0, keptBytes: f?.bytes ?? 0)
        // VmRSS and VmHWM, in kB: the resident set now and its high-water mark.
        if let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) {
            for line in status.split(separator: "\n") {
                let parts = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
                guard parts.count >= 2, let kb = Int(parts[1]) else { continue }
                if parts[0] == "VmRSS:" { report.resident = kb * 1024 }
                if parts[0] == "VmHWM:" { report.peak = kb * 1024 }
            }
        }
        if report.peak == nil {
            var usage = rusage()
            if getrusage(RUSAGE_SELF.rawValue, &usage) == 0 { report.peak = Int(usage.ru_maxrss) * 1024 }
        }
        return report
    }
}
