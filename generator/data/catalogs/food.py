"""What kitchens cook: cuisines and their dishes with usual prices (``specs``: the menu section)."""

from __future__ import annotations

from generator.blueprint import Catalog, Category, item

PIZZA = Category(
    "Pizza",
    (
        item("Margherita Pizza", 11, 17, "Mains"),
        item("Pepperoni Pizza", 13, 19, "Mains"),
        item("Four Cheese Pizza", 13, 19, "Mains"),
        item("Garlic Knots", 5, 8, "Starters"),
        item("Caesar Salad", 7, 11, "Starters"),
        item("Tiramisu", 6, 9, "Desserts"),
        item("Sparkling Lemonade", 3, 5, "Drinks"),
        item("Veggie Supreme Pizza", 13, 19, "Mains"),
    ),
)
THAI = Category(
    "Thai",
    (
        item("Pad Thai", 12, 17, "Mains"),
        item("Green Curry", 13, 18, "Mains"),
        item("Basil Chicken", 13, 18, "Mains"),
        item("Spring Rolls", 6, 9, "Starters"),
        item("Tom Yum Soup", 7, 11, "Starters"),
        item("Mango Sticky Rice", 6, 9, "Desserts"),
        item("Thai Iced Tea", 4, 6, "Drinks"),
        item("Tofu Massaman", 13, 17, "Mains"),
    ),
)
BURGERS = Category(
    "Burgers",
    (
        item("Classic Cheeseburger", 10, 15, "Mains"),
        item("Bacon Burger", 12, 17, "Mains"),
        item("Black Bean Burger", 11, 15, "Mains"),
        item("Sweet Potato Fries", 4, 7, "Starters"),
        item("Onion Rings", 4, 7, "Starters"),
        item("Chocolate Shake", 5, 8, "Drinks"),
        item("Apple Pie", 5, 8, "Desserts"),
    ),
)
SUSHI = Category(
    "Sushi",
    (
        item("Salmon Nigiri Set", 14, 22, "Mains"),
        item("California Roll", 8, 13, "Mains"),
        item("Avocado Roll", 7, 11, "Mains"),
        item("Miso Soup", 3, 5, "Starters"),
        item("Edamame", 4, 7, "Starters"),
        item("Green Tea Ice Cream", 4, 7, "Desserts"),
        item("Spicy Tuna Roll", 9, 14, "Mains"),
    ),
)
MEXICAN = Category(
    "Mexican",
    (
        item("Carnitas Tacos", 10, 15, "Mains"),
        item("Veggie Burrito", 10, 14, "Mains"),
        item("Chicken Quesadilla", 10, 15, "Mains"),
        item("Chips and Guacamole", 6, 10, "Starters"),
        item("Elote", 4, 7, "Starters"),
        item("Churros", 5, 8, "Desserts"),
        item("Horchata", 3, 5, "Drinks"),
    ),
)
INDIAN = Category(
    "Indian",
    (
        item("Chicken Tikka Masala", 14, 19, "Mains"),
        item("Chana Masala", 12, 16, "Mains"),
        item("Lamb Rogan Josh", 16, 21, "Mains"),
        item("Vegetable Samosas", 5, 8, "Starters"),
        item("Garlic Naan", 3, 5, "Starters"),
        item("Gulab Jamun", 5, 7, "Desserts"),
        item("Mango Lassi", 4, 6, "Drinks"),
    ),
)
VEGETARIAN = frozenset(
    {
        "Margherita Pizza",
        "Four Cheese Pizza",
        "Garlic Knots",
        "Caesar Salad",
        "Tiramisu",
        "Sparkling Lemonade",
        "Veggie Supreme Pizza",
        "Spring Rolls",
        "Mango Sticky Rice",
        "Thai Iced Tea",
        "Tofu Massaman",
        "Black Bean Burger",
        "Sweet Potato Fries",
        "Onion Rings",
        "Chocolate Shake",
        "Apple Pie",
        "Avocado Roll",
        "Miso Soup",
        "Edamame",
        "Green Tea Ice Cream",
        "Veggie Burrito",
        "Chips and Guacamole",
        "Elote",
        "Churros",
        "Horchata",
        "Chana Masala",
        "Vegetable Samosas",
        "Garlic Naan",
        "Gulab Jamun",
        "Mango Lassi",
        "California Roll",
    }
)
RESTAURANT_NAMES = {
    "Pizza": ("Slice Republic", "Forno Rosso", "Brick Oven Co"),
    "Thai": ("Bangkok Garden", "Lemongrass House", "Siam Kitchen"),
    "Burgers": ("Patty Shack", "Griddle & Bun", "Stack Burger"),
    "Sushi": ("Sakura Sushi", "Wave Roll Bar", "Koi House"),
    "Mexican": ("Casa Verde", "Taqueria Sol", "El Molino"),
    "Indian": ("Saffron Table", "Tandoor Street", "Masala House"),
}

MARKETPLACE = Catalog((PIZZA, THAI, BURGERS, SUSHI, MEXICAN, INDIAN))
PIZZERIA = Catalog((PIZZA,))
THAI_KITCHEN = Catalog((THAI,))
TAQUERIA = Catalog((MEXICAN,))
