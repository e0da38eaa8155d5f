/// The engine: interprets a validated model and trains it.
