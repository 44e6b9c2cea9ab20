// The app entry: every function module registers itself on import.
import "./resourceEvents";
import "./exemptions";
import "./findings";
import "./audit";
