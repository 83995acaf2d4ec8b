"""mlbasics: binary classification with neural networks written from scratch in NumPy."""

from .activations import relu, relu_derivative, sigmoid, sigmoid_derivative
from .loss import binary_cross_entropy, mean_binary_cross_entropy
from .network import Network
from .training import History, train

__all__ = [
    "History",
    "Network",
    "binary_cross_entropy",
    "mean_binary_cross_entropy",
    "relu",
    "relu_derivative",
    "sigmoid",
    "sigmoid_derivative",
    "train",
]
