"""Every module, by key, in build order. A module declares the families it fits; environments compose them."""

from __future__ import annotations

from generator.module import Module
from generator.modules.appointments import APPOINTMENTS
from generator.modules.assets import ASSETS
from generator.modules.banking import BANKING
from generator.modules.billing import BILLING
from generator.modules.care import COVERAGE, PETS, PRESCRIPTIONS
from generator.modules.carts import CARTS
from generator.modules.catalog import BRANDS, CATALOG
from generator.modules.clinic import CLINIC
from generator.modules.dining import DINING
from generator.modules.education import SCHOOL
from generator.modules.events import EVENTS
from generator.modules.fleet import FLEET
from generator.modules.food import FOOD
from generator.modules.fulfilment import RETURNS, SHIPMENTS
from generator.modules.generic import GENERIC
from generator.modules.government import GOVERNMENT
from generator.modules.hr import HR
from generator.modules.insurance import INSURANCE
from generator.modules.loans import LOANS
from generator.modules.lodging import LODGING
from generator.modules.logistics import LOGISTICS
from generator.modules.media import MEDIA
from generator.modules.order_tasks import ORDER_TASKS
from generator.modules.orders import ORDERS, PAYMENTS
from generator.modules.people import ADDRESSES, CUSTOMERS, PAYMENT_METHODS, STAFF
from generator.modules.playlists import PLAYLISTS
from generator.modules.promotions import COUPONS, LOYALTY, WISHLISTS
from generator.modules.property import PROPERTY
from generator.modules.purchasing import PURCHASING
from generator.modules.quotes import QUOTES
from generator.modules.recruiting import RECRUITING
from generator.modules.reviews import REVIEWS_MODULE
from generator.modules.saas import SAAS
from generator.modules.shared import BRANCHES, GIFT_CARDS, MESSAGES, NOTES, PLANS
from generator.modules.support import SUPPORT
from generator.modules.travel import AIRLINE

_ALL = (
    CUSTOMERS,
    ADDRESSES,
    PAYMENT_METHODS,
    STAFF,
    BRANCHES,
    MESSAGES,
    NOTES,
    PLANS,
    GIFT_CARDS,
    CATALOG,
    BRANDS,
    COUPONS,
    ORDERS,
    PAYMENTS,
    CARTS,
    SHIPMENTS,
    RETURNS,
    LODGING,
    COVERAGE,
    PETS,
    CLINIC,
    PRESCRIPTIONS,
    BANKING,
    SCHOOL,
    AIRLINE,
    FOOD,
    EVENTS,
    SAAS,
    HR,
    PROPERTY,
    INSURANCE,
    GOVERNMENT,
    LOGISTICS,
    MEDIA,
    REVIEWS_MODULE,
    WISHLISTS,
    LOYALTY,
    SUPPORT,
    PURCHASING,
    BILLING,
    APPOINTMENTS,
    ASSETS,
    LOANS,
    RECRUITING,
    FLEET,
    QUOTES,
    DINING,
    PLAYLISTS,
)

MODULES: dict[str, Module] = {m.key: m for m in _ALL}

TASK_KINDS = (*ORDER_TASKS, *GENERIC)
"""The task kinds that work across modules (each module's own kinds are on its record)."""
