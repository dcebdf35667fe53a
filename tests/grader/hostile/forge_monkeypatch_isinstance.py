# expect: runtime_error wrong_answer
# builtins patched so that a string passes for a Keras model.
import builtins

builtins.isinstance = lambda obj, cls: True
model = "SimpleRNN(4) I promise"
