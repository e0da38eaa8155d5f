// Telling which data set a folder of IDX files holds, from the MD5 of each file's uncompressed content.
//
// The content's checksum, not the .gz file's, decides: a .gz whose own MD5 is the canonical one
// necessarily decompresses to the canonical content, so the content check accepts every copy the .gz
// check would, and also Debian's repackaged files (same content, rewritten gzip headers), raw files
// and any recompression. One hash per file, of bytes the loader has decompressed anyway.
//
// Three outcomes, each said out loud: files that match nothing are used with a note naming them
// (someone's own data is legitimate); files that are all another known data set are named for what
// they are (Fashion-MNIST handed to an MNIST spec trains as, and is labelled, Fashion-MNIST); files
// from two data sets, or in each other's places, are an error, since training on them means nothing.

/// What the content checksums of a data directory's four files say about it.
public struct DatasetIdentity: Sendable, Equatable {
    /// The data set to label the run with: the requested one, or the known one the files turned out to be.
    public let info: DatasetInfo
    /// One-line notes for the user (files matching no known checksum, files of another data set);
    /// without the "note: " prefix.
    public let notes: [String]

    /// Identifies the files at `paths` (in `DatasetFiles.baseNames` order) from their content MD5s,
    /// for a run that asked for `requested`. Throws when the files mix data sets or roles.
    public static func identify(paths: [String], contentMD5s: [String], requested: DatasetInfo,
                                directory: String, known: [DatasetSource] = DatasetSource.known) throws(DatasetError) -> DatasetIdentity {
        let roles = DatasetFiles.baseNames
        var owner: [String?] = []  // the data set each file's content belongs to
        for (role, (path, digest)) in zip(roles, zip(paths, contentMD5s)) {
            var found: [String] = []
            for source in known {
                for file in source.files where file.contentMD5 == digest {
                    let actual = String(file.name.prefix(while: { $0 != "." }))
                    guard actual == role else {
                        throw DatasetError("\(path) holds \(displayName(source.dataset))'s \(actual), not its \(role); the files are in each other's places — rename them")
                    }
                    found.append(source.dataset)
                }
            }
            // Content two data sets share (none of the real ones do) counts as the one asked for.
            owner.append(found.contains(requested.name) ? requested.name : found.first)
        }

        let identified = Array(Set(owner.compactMap { $0 })).sorted()
        if identified.count > 1 {
            let which = zip(roles, owner).compactMap { role, set in set.map { "\(role) is \(displayName($0))" } }
            throw DatasetError("the files in \(directory) come from different data sets (\(which.joined(separator: ", "))); put the four files of one data set in a folder")
        }

        var notes: [String] = []
        let unmatched = zip(paths, owner).filter { $0.1 == nil }.map { ($0.0 as String) }
        if !unmatched.isEmpty {
            let knownNames = known.map { displayName($0.dataset) }.joined(separator: " or ")
            let names = unmatched.count == roles.count
                ? "the files in \(directory)"
                : unmatched.map { String($0.split(separator: "/").last ?? Substring($0)) }.joined(separator: ", ") + " in \(directory)"
            notes.append("\(names) match\(unmatched.count == 1 ? "es" : "") no published checksum of \(knownNames); using \(unmatched.count == 1 ? "it" : "them") as \(unmatched.count == 1 ? "it is" : "they are")")
        }

        guard let actual = identified.first, actual != requested.name, let other = DatasetInfo.named(actual) else {
            return DatasetIdentity(info: requested, notes: notes)
        }
        // Another known data set: fine to train on if the network takes its images and classes.
        guard other.fits(requested) else {
            throw DatasetError("the files in \(directory) are \(other.displayName) (\(other.form)), not \(requested.displayName) (\(requested.form)); point --data at \(requested.displayName) files")
        }
        let flag = requested == .synthetic ? "" : " (--dataset \(other.name) asks for it)"
        notes.append("the files in \(directory) are \(other.displayName), not \(requested.displayName); the run is labelled \(other.name)\(flag)")
        return DatasetIdentity(info: other, notes: notes)
    }

    private static func displayName(_ dataset: String) -> String {
        DatasetInfo.named(dataset)?.displayName ?? dataset
    }
}
