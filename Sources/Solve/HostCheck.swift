#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Whether the host names of package indexes resolve, asked once per host: an index whose name
/// does not resolve (a private feed off its network) is reported at once instead of after the
/// resolver's retries.
actor HostCheck {
    private var known: [String: Bool] = [:]

    /// The first index URL among `urls` whose host name does not resolve, if any.
    func unreachable(_ urls: [String]) async -> String? {
        for url in urls {
            guard let host = URLComponents(string: url)?.host, !host.isEmpty else { continue }
            if let ok = known[host] {
                if !ok { return host }
                continue
            }
            let ok = await Self.resolves(host)
            known[host] = ok
            if !ok { return host }
        }
        return nil
    }

    /// `getaddrinfo` off the cooperative pool.
    static func resolves(_ host: String) async -> Bool {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                var hints = addrinfo()
                hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
                var result: UnsafeMutablePointer<addrinfo>?
                let status = getaddrinfo(host, "443", &hints, &result)
                if let result { freeaddrinfo(result) }
                continuation.resume(returning: status == 0)
            }
        }
    }
}
