#!/usr/bin/env python3
"""What ONNX's own tools say about models `lenetc export` wrote; the Swift tests (ExportTests.swift)
judge the answers. Prints one JSON object on standard output.

  onnx_check.py models MANIFEST.json
      MANIFEST: a list of {"onnx", "images", "logits", "count", "shape": [C, H, W]}: an exported model,
      `count` float32 images and the float32 logits lenetc's engine computed for them. For each model:
      onnx.checker.check_model(full_check=True), its opset, inputs, outputs, initializer names and node
      types, and onnxruntime's logits on the images compared with the engine's.
  onnx_check.py testset MODEL.onnx DATA_DIR LOGITS
      onnxruntime on the 10,000 test images of DATA_DIR (t10k-*-ubyte.gz, pixels / 255), compared with
      the engine's logits in LOGITS: the largest difference, argmax agreement, accuracy and the
      confusion matrix.
"""
import gzip
import json
import sys

import numpy as np
import onnx
import onnxruntime as ort


def session(path):
    options = ort.SessionOptions()
    # Two cores shared with other work: one thread keeps the test's load predictable.
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    return ort.InferenceSession(path, options, providers=["CPUExecutionProvider"])


def dims(value_info):
    return [d.dim_param if d.dim_param else d.dim_value for d in value_info.type.tensor_type.shape.dim]


def compare(ours, theirs):
    return {
        "max_abs_diff": float(np.max(np.abs(ours - theirs))) if ours.size else 0.0,
        "argmax_agree": int(np.sum(np.argmax(ours, axis=1) == np.argmax(theirs, axis=1))),
    }


def models(manifest_path):
    results = []
    for entry in json.load(open(manifest_path)):
        result = {"onnx": entry["onnx"]}
        model = onnx.load(entry["onnx"])
        try:
            onnx.checker.check_model(model, full_check=True)
            result["checker"] = "ok"
        except Exception as error:  # the checker's message is the finding
            result["checker"] = f"{type(error).__name__}: {error}"
        result["ir_version"] = model.ir_version
        result["opsets"] = {o.domain: o.version for o in model.opset_import}
        result["inputs"] = {i.name: dims(i) for i in model.graph.input}
        result["outputs"] = {o.name: dims(o) for o in model.graph.output}
        result["initializers"] = [t.name for t in model.graph.initializer]
        result["nodes"] = [n.op_type for n in model.graph.node]
        result["attributes"] = [{a.name: onnx.helper.get_attribute_value(a) for a in n.attribute} for n in model.graph.node]
        count, shape = entry["count"], entry["shape"]
        images = np.fromfile(entry["images"], dtype="<f4").reshape([count] + shape)
        engine = np.fromfile(entry["logits"], dtype="<f4").reshape(count, -1)
        logits = session(entry["onnx"]).run(["logits"], {"input": images})[0]
        result["logits_shape"] = list(logits.shape)
        result.update(compare(logits, engine))
        results.append(result)
    return results


def idx(path):
    with gzip.open(path) as f:
        data = f.read()
    ndim = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(ndim)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(shape)


def testset(model_path, data_dir, logits_path):
    images = idx(f"{data_dir}/t10k-images-idx3-ubyte.gz").astype(np.float32) / 255
    labels = idx(f"{data_dir}/t10k-labels-idx1-ubyte.gz").astype(np.int64)
    images = images.reshape(len(images), 1, images.shape[1], images.shape[2])
    logits = session(model_path).run(["logits"], {"input": images})[0]
    engine = np.fromfile(logits_path, dtype="<f4").reshape(len(images), -1)
    predicted = np.argmax(logits, axis=1)
    classes = logits.shape[1]
    confusion = np.zeros((classes, classes), dtype=np.int64)
    np.add.at(confusion, (labels, predicted), 1)
    result = {"count": len(images), "correct": int(np.sum(predicted == labels)), "confusion": confusion.tolist()}
    result.update(compare(logits, engine))
    return result


if __name__ == "__main__":
    mode = sys.argv[1]
    if mode == "models":
        answer = models(sys.argv[2])
    elif mode == "testset":
        answer = testset(*sys.argv[2:5])
    else:
        sys.exit(f"unknown mode {mode}")
    print(json.dumps(answer))
