from catalog.models.calendar import CalendarDay
from catalog.models.items import (
    Chain,
    ChainStep,
    Department,
    Item,
    ItemVersion,
    MaterialRequirement,
    ReviewStep,
)

__all__ = [
    "CalendarDay",
    "Chain",
    "ChainStep",
    "Department",
    "Item",
    "ItemVersion",
    "MaterialRequirement",
    "ReviewStep",
]
