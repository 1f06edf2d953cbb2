"""The cockpit (数据驾驶舱): the headline figures of a period with their change and rank, progress to the
year's targets, the forest and its flows, and a map of the counties coloured by a chosen indicator."""
