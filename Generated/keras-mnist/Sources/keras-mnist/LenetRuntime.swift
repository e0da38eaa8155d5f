// LenetRuntime: pieces the lenetc engine and every emitted standalone trainer share.
//
// Every file in this directory is copied byte for byte into emitted packages next to a
// generated main.swift, so each file imports only Foundation, Glibc and CZlib.
//
//   Safetensors.swift     read/write model weights and checkpoints (atomic writes)
//   SeededRNG.swift       deterministic, portable random numbers
//   IDX.swift, Gzip.swift MNIST-style IDX files, raw or gzip-compressed
//   DatasetFiles.swift    the four files of a dataset directory -> LabeledImages
//   SyntheticDigits.swift offline stand-in data set that looks like digits
//   Downloader.swift, MD5.swift  fetch (URLSession) and verify public data sets
//   DataLocator.swift     decide where the training data comes from
//   Initializers.swift, Optimizers.swift, LearningRate.swift  weights, SGD/Adam, schedules
//   TrainableNetwork.swift  what a backend provides; TrainingLoop.swift drives it (shared by all)
//   TrainerMain.swift     the whole main of an emitted trainer (flags, data, loop, exit codes)
//   Checkpoint.swift      checkpoints PyTorch can load, with the training state in metadata
//   RunIdentity.swift     the model and recipe a checkpoint records, so --resume refuses another model
//   OutputFiles.swift     --save/--plot/--metrics tried before training; their errors and hints
//   Console.swift         the one way to write stdout and stderr (unbuffered, in order)
//   TrainingLog.swift, TrainingPlot.swift, ProgressBar.swift, Evaluation.swift  reporting
//   Interrupt.swift       Ctrl-C: finish the batch, save, exit 130
//   StepTrace.swift       LENETC_TRACE: every step's loss and parameters, for divergence studies
//   FileIO.swift, MiniJSON.swift  small internal helpers

/// The version of the runtime file set, recorded in emitted packages and checkpoints so a
/// mismatch between a trainer and the files it was emitted with can be diagnosed.
public let lenetRuntimeVersion = "1.0.0"
