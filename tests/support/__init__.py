"""Helpers the tests share (scripted models, a loopback chat endpoint), so no test module imports another."""
