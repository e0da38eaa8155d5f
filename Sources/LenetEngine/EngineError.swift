/// Problems the engine reports instead of trapping.
public enum EngineError: Error, CustomStringConvertible, Sendable, Equatable {
    /// Inputs that do not fit what the model or the call expects.
    case invalidArgument(String)
    /// A parameter file lacks a tensor, has an unexpected shape or dtype.
    case parameterMismatch(String)
    /// Training produced a loss that is NaN or infinite (epoch and batch count from 1).
    case nonFiniteLoss(epoch: Int, batch: Int, loss: Double)
    /// A checkpoint state that does not belong to this model or run.
    case invalidState(String)

    public var description: String {
        switch self {
        case let .invalidArgument(message): return message
        case let .parameterMismatch(message): return message
        case let .nonFiniteLoss(epoch, batch, loss):
            return "the loss became \(loss) in epoch \(epoch), batch \(batch); lower the learning rate or check the data"
        case let .invalidState(message): return "checkpoint state: \(message)"
        }
    }
}
