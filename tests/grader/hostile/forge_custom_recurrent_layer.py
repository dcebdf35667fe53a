# expect: wrong_answer
# A layer of its own that calls itself SimpleRNN and returns the expected shape.
import keras
from tensorflow.keras.layers import Input
from tensorflow.keras.models import Sequential


class SimpleRNN(keras.layers.Layer):
    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units, self.return_sequences = units, False

    def call(self, inputs):
        return keras.ops.zeros((keras.ops.shape(inputs)[0], self.units))


model = Sequential([Input((3, 2)), SimpleRNN(4)])
