"""Stand-in for torchvision.models' __init__ (tests/zoo): model modules are imported one by one,
so that one model's failure does not hide the others."""
