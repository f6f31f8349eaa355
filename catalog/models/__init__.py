from catalog.models.calendar import CalendarDay, CalendarYear
from catalog.models.implementations import ItemImplementation
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
    "CalendarYear",
    "Chain",
    "ChainStep",
    "Department",
    "Item",
    "ItemImplementation",
    "ItemVersion",
    "MaterialRequirement",
    "ReviewStep",
]
