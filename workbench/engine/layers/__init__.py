"""One dense layer of a neural network and the matrix calculus around it.

``dense``: the forward and backward pass of y = act(W·x + b) with its loss, every
quantity with its shape; ``chain``: one weight's scalar chain-rule path; ``identities``:
the common vector-calculus identities checked component by component.
"""
