# expect: wrong_answer
# feedback: the same computation as stacked recurrent layers
# feedback: `SimpleRNN(4, return_sequences=True)` then `SimpleRNN(4)`
from tensorflow.keras.layers import RNN, SimpleRNNCell
from tensorflow.keras.models import Sequential

model = Sequential()
model.add(RNN([SimpleRNNCell(4), SimpleRNNCell(4)], input_shape=(3, 2)))
