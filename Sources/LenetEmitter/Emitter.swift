import Foundation
import LenetModel

/// One file of an emitted package, by its path inside the package.
public struct EmittedFile: Sendable, Equatable {
    public var path: String
    public var contents: String
}

/// A standalone Swift package that trains one model.
public struct EmittedPackage: Sendable {
    /// The spec's name: package, executable target and default folder (`Generated/<name>/`).
    public var name: String
    /// The network's Swift type (`LenetNetwork`).
    public var typeName: String
    public var files: [EmittedFile]

    /// The command that trains the model, run inside the package.
    public var runCommand: String { "swift run -c release \(name)" }

    /// The text of the file at `path`, if the package has one.
    public func file(_ path: String) -> String? { files.first { $0.path == path }?.contents }

    /// Writes the package into `directory`, creating it. A folder that already holds an emitted package
    /// has its `Sources/` replaced, so files the new package lacks do not linger (`.build/` is kept);
    /// a non-empty folder that is not an emitted package is left alone and reported.
    public func write(to directory: String) throws {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        if fm.fileExists(atPath: directory, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw EmitWriteError(path: directory, problem: "it is a file, not a folder")
            }
            let entries = try fm.contentsOfDirectory(atPath: directory).filter { $0 != ".build" && $0 != ".DS_Store" }
            let manifest = (try? String(contentsOfFile: directory + "/Package.swift", encoding: .utf8)) ?? ""
            if !entries.isEmpty && !manifest.contains("written by `lenetc emit`") {
                throw EmitWriteError(path: directory, problem: "the folder is not empty and holds no emitted package; choose another with -o")
            }
            if fm.fileExists(atPath: directory + "/Sources") { try fm.removeItem(atPath: directory + "/Sources") }
        }
        for file in files {
            let url = URL(fileURLWithPath: directory).appendingPathComponent(file.path)
            try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(file.contents.utf8).write(to: url, options: .atomic)
        }
    }
}

/// A package that could not be written.
public struct EmitWriteError: Error, CustomStringConvertible, Sendable {
    public var path: String
    public var problem: String
    public var description: String { "cannot write \(path): \(problem)" }
}

/// `lenetc emit`'s stage: a validated `Model` in, a standalone trainer package out.
///
///     let plan = try Emitter.plan(model)          // what to emit: fused blocks, buffers, arenas
///     let package = try Emitter.emit(model)       // the files
///     try package.write(to: "Generated/\(model.name)")
///
/// Deciding what to emit:
///
///   Plan.swift           the intermediate representation (`EmitPlan`): blocks, stages, buffers, arenas
///   Lowering.swift       `Model` → `EmitPlan`: fused blocks, buffer borders, lane or batched stages
///   Tiling.swift         the cost model: register tiles, gather or scatter, batched dense thresholds
///   EmitError.swift      every reason a model cannot be emitted, located at its spec line
///
/// Laying it out as text (no decisions about the model):
///
///   NetworkRenderer.swift  `Network.swift`: header, arenas, the forward and backward per block
///   ConvRenderer.swift, DenseRenderer.swift, DenseBatchRenderer.swift, ElementwiseRenderer.swift
///                          the kernels of each kind of block, each under the formula it computes
///   StorageRenderer.swift  the per-thread `Workspace` and the batch arena
///   StepRenderer.swift     input staging, the gradient reduction, the step stage by stage, the class
///   MainRenderer.swift, PackageRenderer.swift   `main.swift`, the manifest, the README
///   Affine.swift           index expressions over loop variables and named strides (`out1Row`)
///   Loops.swift, MathText.swift, SwiftWriter.swift   loop shapes, vector math text, indentation
///
/// The runtime files an emitted package carries come from `Sources/LenetRuntime/` through the
/// `EmbedRuntimePlugin` build plugin (`EmbeddedRuntime.files`).
public enum Emitter {
    /// Lowers the model to fused blocks with literal sizes, or throws every independent reason it
    /// cannot be specialised, each at the spec line it concerns (`EmitFailure.diagnostics`).
    public static func plan(_ model: Model) throws(EmitFailure) -> EmitPlan {
        try Lowering.lower(model)
    }

    /// `Network.swift` for a plan.
    public static func networkSource(_ plan: EmitPlan) -> String {
        NetworkRenderer(plan).render()
    }

    /// Every file of the emitted package; throws what `plan` throws.
    public static func emit(_ model: Model) throws(EmitFailure) -> EmittedPackage {
        let plan = try plan(model)
        let sources = "Sources/\(plan.name)/"
        var files = [
            EmittedFile(path: "Package.swift", contents: PackageRenderer.manifest(plan)),
            EmittedFile(path: "README.md", contents: PackageRenderer.readme(plan, runtimeFiles: EmbeddedRuntime.files.map(\.name))),
            EmittedFile(path: "Sources/CZlib/module.modulemap", contents: PackageRenderer.moduleMap),
            EmittedFile(path: "Sources/CZlib/shim.h", contents: PackageRenderer.shim),
            EmittedFile(path: sources + "Network.swift", contents: networkSource(plan)),
            EmittedFile(path: sources + "main.swift", contents: MainRenderer.render(plan)),
        ]
        for runtime in EmbeddedRuntime.files {
            files.append(EmittedFile(path: PackageRenderer.runtimeFolder + runtime.name, contents: runtime.text))
        }
        return EmittedPackage(name: plan.name, typeName: plan.typeName, files: files)
    }
}
