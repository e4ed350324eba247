import Foundation

/// image2env's cache folders: `$IMAGE2ENV_CACHE_DIR/<part>`, else `$XDG_CACHE_HOME/image2env/<part>`,
/// else `~/.cache/image2env/<part>`. `IMAGE2ENV_CACHE_DIR=none` keeps nothing (nil), as does a
/// process without a home.
public enum CacheFolder {
    public static func path(_ part: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let dir = environment["IMAGE2ENV_CACHE_DIR"], !dir.isEmpty { return dir == "none" ? nil : dir + "/" + part }
        if let xdg = environment["XDG_CACHE_HOME"], !xdg.isEmpty { return xdg + "/image2env/" + part }
        if let home = environment["HOME"], !home.isEmpty { return home + "/.cache/image2env/" + part }
        return nil
    }
}
