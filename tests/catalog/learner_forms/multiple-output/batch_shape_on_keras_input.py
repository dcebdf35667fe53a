# expect: accepted
# batch_shape holds the batch: (1, 3, 2) is exactly what the exercise feeds.
import keras

inputs = keras.Input(batch_shape=(1, 3, 2))
model = keras.Model(inputs, keras.layers.SimpleRNN(4, return_sequences=True)(inputs))
