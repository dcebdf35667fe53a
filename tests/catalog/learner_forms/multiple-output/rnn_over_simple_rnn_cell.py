# expect: accepted
# RNN(SimpleRNNCell(4)) is SimpleRNN(4): the same layer, the same weights.
from tensorflow.keras.layers import RNN, SimpleRNNCell
from tensorflow.keras.models import Sequential

model = Sequential()
model.add(RNN(SimpleRNNCell(4), input_shape=(3, 2), return_sequences=True))
