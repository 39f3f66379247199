"""One dense layer of a neural network and the matrix calculus around it.

``dense``: the forward and backward pass of y = act(W·x + b) with its loss, every
quantity with its shape (``functions``: the activations and losses; ``inputs``: reading
entries; ``layer_steps``: the steps); ``chain``: one weight's scalar chain-rule path;
``outcome``: a worked layer as sympy-free protocol data for the window; ``identities``:
the common vector-calculus identities checked component by component.
"""
