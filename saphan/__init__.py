"""Saphan: the information and service system of Thailand's provincial industry offices."""
