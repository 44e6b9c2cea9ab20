// The app entry: every function module registers itself on import.
