"""REST API of cases (DESIGN.md §8): validate → call a service or selector → serialize."""
