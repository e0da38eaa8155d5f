import LenetSpec

/// What the model stage knows of a dataset: its image shape and its classes.
public struct DatasetInfo: Sendable, Equatable {
    public let name: DatasetName
    public let imageShape: Shape
    public let classNames: [String]
    public var classes: Int { classNames.count }

    public static func of(_ name: DatasetName) -> DatasetInfo {
        switch name {
        case .mnist:
            return DatasetInfo(name: name, imageShape: .image(c: 1, h: 28, w: 28),
                               classNames: (0...9).map(String.init))
        case .fashionMNIST:
            return DatasetInfo(name: name, imageShape: .image(c: 1, h: 28, w: 28),
                               classNames: ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                                            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"])
        }
    }
}
