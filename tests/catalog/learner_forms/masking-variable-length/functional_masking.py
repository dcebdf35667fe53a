# expect: accepted
# Keras 3 records the mask's operations (NotEqual, Any) beside the layers: they are not layers the learner wrote.
import keras
from keras import layers

inputs = keras.Input(shape=(5, 2))
masked = layers.Masking(mask_value=0.0)(inputs)
outputs = layers.SimpleRNN(4)(masked)
model = keras.Model(inputs, outputs)
