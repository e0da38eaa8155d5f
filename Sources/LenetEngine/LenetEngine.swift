/// The engine: interprets a validated `Model` and trains it on the CPU.
///
/// Layout of the target:
///   Kernels/      float32 kernels on raw buffers (conv, pooling, dense, activations, dropout, loss)
///   Network*.swift  a `Model` compiled into steps, one parameter arena, per-shard workspaces
///   Trainer*.swift  epochs, mini-batches, evaluation, checkpoint state
///   LayerTimer.swift  per-layer forward/backward timing (`lenetc time`)
///
/// Tensors are float32 in PyTorch's layout: images NCHW, flatten row-major over (C, H, W),
/// conv weights (out, in, kh, kw), dense weights (out, in).
