#!/usr/bin/env python3
"""Splits the one onnx.pb.swift that protoc-gen-swift writes into one file per top-level ONNX type.

The generated file is about 178 KB; the project keeps every Swift file in Sources/ under 100 KB
(issue 11). protoc-gen-swift has no option to split its output, so this cuts the file at its top-level
declarations, which protoc-gen-swift always starts in column 0, and moves each type's declaration
and its runtime-support extensions (those of its nested types too) into `<Type>.pb.swift`. Nothing
is rewritten except one word: `_protobuf_package`, fileprivate in the generated file, becomes
internal so that the files can share it. A type's `fileprivate` storage stays usable, since its
declaration and its extensions stay in one file.

usage: split.py GENERATED.pb.swift OUT_DIR HEADER_FILE
HEADER_FILE's text (how the files were made) goes at the top of every file written.
"""
import os
import re
import sys

generated, out_dir, header_file = sys.argv[1:4]
lines = open(generated, encoding="utf-8").read().split("\n")
how = open(header_file, encoding="utf-8").read().rstrip("\n") + "\n"

# The prologue: protoc-gen-swift's header, the imports and the API version check, up to the first
# documented or declared ONNX type.
decl = re.compile(r"^(?:public |fileprivate )?(?:nonisolated )?(?:enum|struct|extension|let) ")
start = next(i for i, l in enumerate(lines) if decl.match(l) and "_GeneratedWithProtocGenSwiftVersion" not in l)
while start > 0 and lines[start - 1].startswith("///"):
    start -= 1
prologue = lines[:start]
imports = [l for l in prologue if l.startswith(("#if", "#else", "#endif", "import "))]

# Top-level blocks: a column-0 declaration, the `///` comments right above it, up to its closing `}`
# in column 0 (or the line itself for a one-line `let`).
blocks = []  # (root type name or None, text)
covered = set()
i = start
while i < len(lines):
    line = lines[i]
    if not decl.match(line):
        i += 1
        continue
    first = i
    while first > start and lines[first - 1].startswith("///"):
        first -= 1
    j = i
    if line.rstrip().endswith("{"):
        while lines[j] != "}":
            j += 1
    name = re.search(r"(?:enum|struct|extension|let) ([A-Za-z0-9_]+)", line).group(1)
    root = None if name == "_protobuf_package" else name
    blocks.append((root, "\n".join(lines[first:j + 1])))
    covered.update(range(first, j + 1))
    i = j + 1

# Nothing may be lost: what no block took is blank or protoc-gen-swift's MARK comment.
left = [l for k, l in enumerate(lines[start:], start) if k not in covered and l.strip()]
assert all(l.startswith("// MARK: -") for l in left), f"lines outside any declaration: {left[:3]}"

order = []
by_type = {}
package_line = None
for root, text in blocks:
    if root is None:
        package_line = text.replace("fileprivate nonisolated let", "nonisolated let")
        continue
    if root not in by_type:
        by_type[root] = []
        order.append(root)
    by_type[root].append(text)

os.makedirs(out_dir, exist_ok=True)
for old in os.listdir(out_dir):
    if old.endswith(".pb.swift"):
        os.remove(os.path.join(out_dir, old))

def write(name, body, with_imports=True):
    text = how + "\n" + ("\n".join(imports) + "\n\n" if with_imports else "") + body.strip("\n") + "\n"
    assert len(text.encode("utf-8")) < 100_000, f"{name} is {len(text)} bytes"
    with open(os.path.join(out_dir, name), "w", encoding="utf-8") as f:
        f.write(text)

# onnx.pb.swift: protoc-gen-swift's own header, the imports and the version check, as generated, and
# the package name the other files share.
write("onnx.pb.swift", "\n".join(prologue).strip("\n") + "\n\n" + package_line + "\n", with_imports=False)
for root in order:
    write(f"{root}.pb.swift", "\n\n".join(by_type[root]) + "\n")
print(f"wrote {len(order) + 1} files to {out_dir}")
