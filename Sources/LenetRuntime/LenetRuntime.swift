/// Pieces the engine and every emitted trainer share.
