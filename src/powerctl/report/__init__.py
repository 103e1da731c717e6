"""Writers over a Report: they turn findings into text; they never decide anything."""
