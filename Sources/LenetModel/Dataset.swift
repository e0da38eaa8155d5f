import LenetRuntime
import LenetSpec

/// What the model stage needs of a dataset (its image shape and classes), from the runtime's
/// `DatasetInfo`, the one description both the engine and emitted trainers load data by.
extension DatasetInfo {
    public static func of(_ name: DatasetName) -> DatasetInfo {
        switch name {
        case .mnist: return .mnist
        case .fashionMNIST: return .fashionMNIST
        }
    }

    /// One image: channels × height × width (the datasets lenetc knows are grayscale).
    public var imageShape: Shape { .image(c: 1, h: height, w: width) }
}
