"""Patches the launcher applies to moto 5.2.1 before its server starts; one concern per module."""
