# expect: wrong_answer
# feedback: class of its own
import keras


class Tagger(keras.Model):
    def __init__(self):
        super().__init__()
        self.rnn = keras.layers.SimpleRNN(4, return_sequences=True)

    def call(self, inputs):
        return self.rnn(inputs)


model = Tagger()
model.build((1, 3, 2))
