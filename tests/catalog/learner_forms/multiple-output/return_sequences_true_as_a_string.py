# expect: accepted
# Keras reads any non-empty string as True: the layer returns every step, as asked.
from tensorflow.keras.layers import SimpleRNN
from tensorflow.keras.models import Sequential

model = Sequential()
model.add(SimpleRNN(4, input_shape=(3, 2), return_sequences="True"))
