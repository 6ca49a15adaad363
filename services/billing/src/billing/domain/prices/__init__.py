"""The price book: tariffs and indices as data, and new tariff versions."""
