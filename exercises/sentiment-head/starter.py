from tensorflow.keras.layers import SimpleRNN
from tensorflow.keras.models import Sequential

model = Sequential()
model.add(SimpleRNN(4, input_shape=(3, 2)))
# TODO: add a head that turns the sentence's vector into one sentiment score
