"""aicompete: a sourced knowledge base of China's AI assistant race."""

__version__ = "0.1.0"
