"""Stand-in for torchvision's package root (tests/zoo): the real one loads C++ extensions,
datasets and io; the model-zoo test needs only models/ and ops/."""
