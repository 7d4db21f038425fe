"""Emitters: each turns the API model into one kind of generated file."""
