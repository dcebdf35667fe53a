# expect: accepted
# 1 is true to Python and to Keras: the layer returns every step.
from tensorflow.keras.layers import SimpleRNN
from tensorflow.keras.models import Sequential

model = Sequential([SimpleRNN(4, input_shape=(3, 2), return_sequences=1)])
