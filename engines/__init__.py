"""Pure-Python solvers (allocation, routing): no Django, ever."""
