/// The engine: interprets a validated `Model` and trains it on the CPU.
///
///   Kernels/            float32 kernels on raw buffers, NCHW: Conv2D (im2col + cblas_sgemm), Pooling,
///                       Dense, SplitDense, Activation (the runtime's VectorMath), Dropout,
///                       SoftmaxCrossEntropy, Gemm, SmallGemm, BLASKernels, VectorAccess; their sizes are
///                       the model's ConvGeometry and PoolGeometry (shared with the emitter), extended
///                       here with im2col sizes, chunking and validation
///   NetworkPlan.swift   a Model compiled into steps (conv/dense fused with the activation after them),
///                       each reading its tensors at the offsets the model assigned (PyTorch order)
///   Network*.swift      parameter and gradient arenas, per-shard workspaces allocated once, the
///                       forward and backward passes, data-parallel batches, safetensors weights
///   Workspace.swift     one shard's buffers
///   Parallel.swift      the parallel strategies (and the measurements behind the default)
///   EngineNetwork.swift the network as a `TrainableNetwork`, driven by the runtime's shared
///                       `TrainingLoop` (epochs, shuffling, optimizer, checkpoints), as emitted trainers are
///   LayerTimer.swift    per-step forward/backward timing for `lenetc time`
///
/// Tensors are float32 in PyTorch's layout: images NCHW, flatten row-major over (C, H, W), conv
/// weights (out, in, kh, kw), dense weights (out, in). Results match PyTorch to float rounding;
/// with the same spec, seed and thread count, training is bit-for-bit reproducible.
