# expect: wrong_answer
# A Model subclass whose call() could do anything.
import keras
from tensorflow.keras.layers import SimpleRNN


class Sneaky(keras.Model):
    def __init__(self):
        super().__init__()
        self.rnn = SimpleRNN(4)

    def call(self, inputs):
        return self.rnn(inputs)


model = Sneaky()
