import Hummingbird

/// The per-request context: Hummingbird's core storage plus the connection, so that a
/// "dropped connection" fault can close it.
struct EmulatorRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// Closes the request's connection.
    private let close: @Sendable () -> Void

    init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        let channel = source.channel
        self.close = { channel.close(promise: nil) }
    }

    /// Request bodies (POST /services, token forms) up to 8 MiB.
    var maxUploadSize: Int { 8 * 1024 * 1024 }

    /// Closes the connection without an answer.
    func dropConnection() {
        close()
    }
}
