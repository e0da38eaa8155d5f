/// Explicit bounds on every size a spec or a flag can name: the one table the spec validator,
/// `lenetc`'s flags and the emitted trainers' flags all check against (it lives in the runtime so
/// that emitted trainers carry it too). They keep arithmetic far from overflow and catch typos such
/// as `filters: 60000`; the README's spec reference lists them.
public enum Limits {
    /// Input channels, height and width.
    public static let inputSide = 1...4096
    public static let inputChannels = 1...64
    public static let filters = 1...4096
    public static let kernel = 1...64
    public static let stride = 1...64
    public static let padding = 0...64
    public static let poolSize = 1...64
    public static let units = 1...65_536
    public static let layers = 1...256
    /// Parameters of the whole network.
    public static let parameters = 100_000_000
    /// Floats of one example's activations.
    public static let activations = 100_000_000
    public static let batch = 1...65_536
    public static let epochs = 1...10_000
    public static let iterations = 1...100_000_000
    public static let seed = 0...Int(UInt32.max)
    /// `--threads`.
    public static let threads = 1...256
    /// `--profile-steps` of emitted trainers.
    public static let profileSteps = 1...10_000
    /// Learning rates above this are almost surely a typo (d2l's largest is 0.9).
    public static let maxLearningRate = 100.0
    /// Spec files above this size are refused before parsing.
    public static let fileBytes = 1 << 20
    /// Deepest nesting of YAML collections accepted (a spec needs four).
    public static let nesting = 32
}
