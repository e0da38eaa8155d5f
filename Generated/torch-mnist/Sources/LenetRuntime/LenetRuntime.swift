// LenetRuntime: pieces the lenetc engine and every emitted standalone trainer share.
//
// Every file in this directory is copied byte for byte into each emitted package, as its own
// LenetRuntime library target beside the spec's Network.swift and main.swift, so each file imports
// only Foundation, FoundationNetworking, Glibc, Dispatch and CZlib, and what an emitted network or
// main.swift calls is public.
//
//   Safetensors.swift     read/write model weights and checkpoints (atomic writes)
//   SeededRNG.swift       deterministic, portable random numbers
//   IDX.swift, Gzip.swift MNIST-style IDX files, raw or gzip-compressed
//   DatasetFiles.swift    the four files of a dataset directory -> LabeledImages
//   DatasetIdentity.swift which data set a file holds, by the MD5 of its content
//   SyntheticDigits.swift offline stand-in data set that looks like digits
//   Downloader.swift, MD5.swift  fetch (URLSession) and verify public data sets
//   DataLocator.swift     decide where the training data comes from
//   Initializers.swift, Optimizers.swift, LearningRate.swift  weights, SGD/Adam/AdamW/Adadelta/RMSprop/Adagrad, schedules
//   TrainableNetwork.swift  what a backend provides; TrainingLoop.swift drives it (shared by all)
//   VectorMath.swift      e^x, sigmoid and tanh on SIMD8<Float>, for the engine and emitted networks
//   GroupDriver.swift     threads, chunks of groups and block timing for emitted networks
//   WorkerPool.swift      the threads `parallel` keeps awake between a step's regions
//   StepProfiler.swift    --profile: per-block medians of an emitted network
//   TrainerMain.swift     the whole main of an emitted trainer (flags, data, loop, exit codes)
//   Checkpoint.swift      checkpoints PyTorch can load, with the training state in metadata
//   RunIdentity.swift     the model and recipe a checkpoint records, so --resume refuses another model
//   OutputFiles.swift     --save/--plot/--metrics tried before training; their errors and hints
//   Console.swift         the one way to write stdout and stderr (unbuffered, in order)
//   TrainingLog.swift, TrainingPlot.swift, ProgressBar.swift, LiveLine.swift, Evaluation.swift  reporting
//   Interrupt.swift       Ctrl-C: finish the batch, save, exit 130
//   StepTrace.swift       LENETC_TRACE: every step's loss and parameters, for divergence studies
//   FileIO.swift, MiniJSON.swift, DidYouMean.swift  small internal helpers
