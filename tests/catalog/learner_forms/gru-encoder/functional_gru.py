# expect: accepted
# The canonical variant: 3 steps of 2 features, 4 units.
import keras

inputs = keras.Input(shape=(3, 2))
model = keras.Model(inputs, keras.layers.GRU(4)(inputs))
